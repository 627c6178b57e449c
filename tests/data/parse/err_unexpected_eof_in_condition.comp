competency x "X" {
  option o "O" {
    level silver {
      1 person passes one_of(MB2-714,
