"""Knowledge: the data files under ../data, their loader, and the model of a concept, domain, unit and goal."""
