"""tradeguard.names"""
