competency p "People forms" {
  option o "O" {
    level gold {
      same or different 5 persons each pass MB2-714
      4 persons each pass one_of(MB2-710, MB2-706), 1 of them also passes MB2-712, 2 of them also pass MB2-707 and MB2-713
    }
  }
}
