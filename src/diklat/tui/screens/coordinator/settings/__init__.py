"""The Pengaturan (settings) tab of the cohort screen: one module per section."""
