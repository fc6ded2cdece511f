"""Analyst review (cases, dispositions, suppression), the counterparty register, monitoring and alerts.

`cases` opens cases from screenings and records dispositions; `register` imports and lists counterparties;
`monitor` rescreens the register against what a list update changed; `alerts` tells people about it.
"""
