"""Demo data for a first look at Multaqa: `flask demo load`."""
