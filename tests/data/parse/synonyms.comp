competency words "Synonyms" {
  option o "O" {
    level silver {
      1 person passes MB2-714
      1 individual pass MB2-713
      2 persons pass MB2-710
      3 individuals each passes MB2-706
    }
  }
}
