"""The Cụm/Khối year's pages, one module per part of the work: access (loading a group and what the
user may do there), groups (the list and a group's overview), covenant, criteria, scoring (self
scores, evidence, the leader's adjustments) and ranking (publishing, proposals, printing)."""
