"""Customer voice: SERVQUAL and short transactional surveys (CSAT, NPS, CES)."""
