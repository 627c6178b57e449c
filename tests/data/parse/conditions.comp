competency c "Conditions" {
  option o "O" {
    level silver {
      1 person passes A-1 or B-1 and C-1 or D-1
      1 person passes (A-1 or B-1) and all_of(C-1, one_of(D-1, E-1), F-1)
      1 person passes A-1 and B-1 and C-1
    }
  }
}
