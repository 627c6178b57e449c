catalog l410 "Test catalog" {
  certification T-CERT "Certification"
  metric l410-workloads "Workloads" unit workloads
  metric l410-big "Enterprise adds" unit customers
  metric l410-small "SMB adds" unit customers
}

designation l410 "Source without a threshold for a track" {
  source "test fixture"
  effective 2023-06-13
  pass 70
  track enterprise "Enterprise" when metric l410-workloads >= 5
  track smb "SMB"

  category performance "Performance" {
    metric adds "Adds" max 50 {
      best {
        metric l410-big reaching 5 in enterprise
      } or {
        metric l410-small reaching 5 in smb
      }
    }
  }

  category skilling "Skilling" {
    metric certified "Certified" max 50 {
      sum {
        part max 30 {
          persons passing T-CERT reaching 20 in enterprise
        }
        part max 30 {
          metric l410-big reaching 2, 4 in smb
        }
      }
    }
  }
}
