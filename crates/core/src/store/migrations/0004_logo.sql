-- Migration 4: the club's logo (PNG or JPEG bytes), printed at the top of funder returns.
-- Never edit once landed.

ALTER TABLE organisation ADD COLUMN logo BLOB;
