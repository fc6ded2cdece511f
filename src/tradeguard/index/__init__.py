"""tradeguard.index"""
