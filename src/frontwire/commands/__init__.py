"""What each CLI command does, one module per group of commands; `frontwire.cli` only parses options."""
