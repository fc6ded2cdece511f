"""tradeguard.news"""
