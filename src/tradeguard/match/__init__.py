"""tradeguard.match"""
