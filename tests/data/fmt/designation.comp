# A designation scored in points, written freely
catalog t "T" { certification a "A" certification b "B" certification "c d" "C"
  metric nca "NCA" unit customers metric acr "ACR" unit USD metric growth "Growth" unit percent
  metric workloads "Workloads" unit workloads metric big "Big" unit customers metric small "Small" unit customers }
designation d "D" { passes 70 # the pass mark
  effective 2023-06-13 source "page of 2023-06-13"
  track enterprise "Enterprise" when metric workloads>=5   # classification
  track smb "SMB"
  category performance "Performance" { metric net-customer-adds "Net customer adds" max 30 {
      # per track
      best { metric big reaching 5 in enterprise } or { metric small reaching 5 in smb } } }
  category skilling "Skilling" {
    metric intermediate "Intermediate" max 40 {
      gate metric acr >= 1_000 USD in enterprise, 500 USD in smb
      step 2 individuals each pass a   # first step
      step 1 person passes "c d"
      persons passing one_of(a, b, "c d", AAAAAAAAAA-1, AAAAAAAAAA-2) and one_of(BBBBBBBBBB-1, BBBBBBBBBB-2) reaching 20 in enterprise, 5 in smb
    }
    metric mixed "Mixed" max 30 { sum { part max 20 { metric nca reaching 3 } part max 20.5 { individual passing b reaching 4 } } }
  }
  # no more categories
}
