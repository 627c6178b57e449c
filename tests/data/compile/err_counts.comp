competency counts "Counts" {
  option o "O" {
    level silver {
      2 persons each pass MB2-714, 2 of them also pass MB2-710, 1 of them also passes MB2-706
      0 persons pass MB2-714
      3 persons pass MB2-714, 0 of them also pass MB2-710
    }
  }
}
