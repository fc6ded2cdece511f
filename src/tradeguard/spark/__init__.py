"""tradeguard.spark"""
