# Versions are ordered by date whatever the order they are written in.
competency versions "Versions" {
  effective 2019-01-01
  option o "O" {
    level silver {
      1 person passes MB2-717
    }
  }
}
competency versions "Versions" {
  effective 2017-01-01
  option o "O" {
    level silver {
      1 person passes MB2-714
    }
  }
}
