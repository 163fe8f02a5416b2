"""Planning services: calorie and macro targets, training plans, projections (policy lives here)."""
