catalog t "T" {
  certification a "A"
  certification b "B"
  certification c "C"
  metric nca "NCA" unit customers
  metric acr "ACR" unit USD
  metric growth "Growth" unit percent
}
designation d "D" {
  effective 2023-06-13
  pass 70
  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 {
      metric nca reaching 3
    }
  }
  category skilling "Skilling" {
    metric intermediate "Intermediate" max 40 {
      step 2 persons each pass a
      persons passing one_of(b, c) reaching 10
    }
  }
  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 30 {
      gate metric acr >= 1_000 USD
      metric growth reaching 20 percent
    }
  }
}

catalog t-tracks "Tracks" {
  certification old "Old" retired 2023-07-31 accepted until 2024-07-31
  metric workloads "Workloads" unit workloads
  metric big "Enterprise adds" unit customers
  metric small "SMB adds" unit customers
}

designation d-tracks "D with tracks" {
  source "test fixture"
  effective 2023-06-13
  pass 70
  track enterprise "Enterprise" when metric workloads >= 5
  track smb "SMB"

  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 50 {
      best {
        metric big reaching 5 in enterprise
      } or {
        metric small reaching 5 in smb
      }
    }
  }

  category skilling "Skilling" {
    metric intermediate "Intermediate" max 50 {
      gate metric workloads >= 1 in smb
      sum {
        part max 30 {
          persons passing one_of(a, old) reaching 20 in enterprise, 3 in smb
        }
        part max 30 {
          persons passing b and c reaching 1
        }
      }
    }
  }
}
