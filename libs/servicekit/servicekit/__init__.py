"""Infrastructure shared by every Alue service: no domain rules live here."""
