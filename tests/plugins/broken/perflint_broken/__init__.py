"""A plugin that fails to import: perflint must report it and go on."""
raise RuntimeError("this plugin is broken on purpose")
