# A competency that the edit adds: a file beside the others.
competency gadgets "Gadget Practice" {
  source "Made up for the diff tests"

  option maker "Gadget Maker" {
    level silver {
      association w-distributor
      1 person passes W-CERT
    }
  }
}
