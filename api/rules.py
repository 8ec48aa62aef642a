"""Who may manage what the api app keeps beyond a person's own keys."""

import rules

from units.rules import is_admin

# Webhook subscriptions send every event of every province to another system: admins only.
rules.add_perm("api.manage_webhooks", is_admin)
