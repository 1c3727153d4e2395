"""DynamoDB persistence: five tables, each store speaking domain verbs."""
