# Cloud Productivity (Office 365): one option (Managed Service Partner). People qualify by
# the two exams OR by the MCSA: Office 365 certification.

competency cloud-productivity "Cloud Productivity" {
  source "Microsoft Docs, Partner Center: Cloud Productivity competency (page as last published, 2018-2019)"

  option managed-service-partner "Managed Service Partner" {
    level silver {
      metric o365-active-entitlements >= 2_000 active-users in developed,
        1_000 active-users in developing
      association delegated-administrator or transacting-partner-of-record
        or digital-partner-of-record or fast-track-partner
      either {
        1 person passes 70-346 and 70-347
      } or {
        1 person passes MCSA-OFFICE-365
      }
    }
    level gold {
      metric o365-active-entitlements >= 4_000 active-users
      association delegated-administrator or transacting-partner-of-record
        or digital-partner-of-record or fast-track-partner
      either {
        2 persons each pass 70-346 and 70-347
      } or {
        2 persons each pass MCSA-OFFICE-365
      }
    }
  }
}
