competency pm "Project management" {
  source "a page with \"quotes\" and a \\ backslash"
  option o "Option: \"One\"" {
    level silver {
      1 person passes "PMI-ACP" or "Certified ScrumMaster (CSM)"
      1 person passes one_of("PMI-ACP", MB2-714)
    }
  }
}
