competency big "Too big" {
  option o "O" {
    level silver {
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
      either { 1 person passes MB2-714 } or { 1 person passes MB2-713 }
    }
    level gold {
      1 person passes one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713) and one_of(MB2-714, MB2-713)
    }
  }
}
