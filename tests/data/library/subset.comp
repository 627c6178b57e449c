# No built-in page says "k of the same N individuals"; this file states such a rule with
# built-in credentials so the library tests can check `, k of them also pass`.
competency subset-check "Subset check" {
  source "tests/data/library: a rule written for the tests"

  option only "Only option" {
    level silver {
      3 persons each pass 70-532 or 70-533, 2 of them also pass 70-535
    }
  }
}
