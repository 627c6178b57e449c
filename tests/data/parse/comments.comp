# a comment before anything
competency c "Commented" { # after a brace
  # a whole-line comment
  option o "O" {   # trailing
    level silver {
      1 person passes MB2-714 # after a requirement
      # between requirements
      1 person passes one_of(   # inside a call
        MB2-710,                # with a trailing comma
      )
    }
  }
}
# and at the end, without a newline