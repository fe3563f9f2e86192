"""Each use case once, named for what the runner does, for the command line and the web
app alike: `import_files`, `log_run`, `log_pain`, `check_in`, `log_session`,
`record_routine`, `screen`, `make_plan`, `export_plan`, `change_settings`, `manage_shoes`;
and the reads `status`, `show_plan`, `activities`, `runs`, `routines`, `history`.

A use case works on a `Workspace` (the runner's store, rules file and clock). It checks
its input (an `errors.Invalid` names the field at fault and writes nothing), writes,
re-plans through the one `replan.replan`, and returns a result object. What the shells
show comes in one serialisable shape per concept (a finding, the status answer, a plan
day, ...), the same for `--json`, the API and the pages.
"""
