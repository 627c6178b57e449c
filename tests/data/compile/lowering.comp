# Lowering: groups to minimal DNF, subsets to slots, independent pools, either to routes.
catalog test "Test credentials" {
  exam T-1 "One"
  exam T-2 "Two"
  exam T-3 "Three"
  exam T-4 "Four"
}

competency lowering "Lowering" {
  effective 2018-01-01
  levels bronze < silver < gold
  group pair "A pair" = all_of(T-1, T-2)
  group loose "Absorbed" = T-1 or (T-1 and T-3)

  option o "O" {
    level gold {
      4 persons each pass pair or T-3, 1 of them also passes T-4, 2 of them also pass loose
      same or different 2 persons each pass T-4
      1 person passes one_of(T-1, T-2) and one_of(T-3, T-4)
    }
    level bronze {
      either {
        1 person passes T-1
      } or {
        metric crm-net-new-revenue >= 1 USD
      }
      either {
        same or different 1 person passes T-2
      } or {
        association digital-partner-of-record
      }
    }
  }
}
