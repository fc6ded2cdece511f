"""tradeguard.decide"""
