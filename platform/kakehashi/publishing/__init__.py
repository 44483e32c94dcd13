"""What the city publishes: statistics, charts and open data."""
