competency analytics "Data Analytics" {
  source "a page"
  levels bronze < silver < gold
  group bi "Business Intelligence" = all_of(70-767, 70-768)
  group ml "Machine Learning" = one_of(70-774, 70-775) and 70-776
  option o "O" {
    level bronze {
      1 person passes bi
    }
    level gold {
      2 persons each pass bi or ml
    }
  }
}
