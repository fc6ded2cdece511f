-- Licenses the company holds (decide/licenses.py HeldLicense) and every shipment drawn against them.
CREATE TABLE licenses (
    number TEXT PRIMARY KEY,
    payload TEXT NOT NULL,          -- the HeldLicense as JSON, without the used amounts
    added_at TEXT NOT NULL
);

CREATE TABLE license_drawdowns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL REFERENCES licenses(number),
    value REAL NOT NULL CHECK (value >= 0),
    quantity REAL NOT NULL CHECK (quantity >= 0),
    reference TEXT NOT NULL,
    drawn_at TEXT NOT NULL
);

CREATE INDEX license_drawdowns_number ON license_drawdowns(number);
