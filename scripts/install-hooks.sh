#!/bin/sh
# Run by npm's `prepare` (npm ci / npm install): points git at the committed hooks in .githooks/,
# so a fresh clone checks what it commits. Outside a git checkout (an unpacked tarball) it does
# nothing; in CI the hook is installed but never runs, since CI commits nothing.
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then exit 0; fi
if [ "$(git rev-parse --git-dir)" != "$(git rev-parse --git-common-dir)" ]; then
  # A linked worktree shares its config with the main checkout: set the hooks there, not here.
  echo "Git hooks: run 'git config core.hooksPath .githooks' in the main checkout to check commits."
  exit 0
fi
git config core.hooksPath .githooks
