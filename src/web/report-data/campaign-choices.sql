-- The campaigns a picker offers: every campaign of the campaign table, by id.
SELECT id, name FROM campaign ORDER BY id
