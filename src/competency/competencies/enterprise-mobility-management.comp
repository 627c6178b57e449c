# Enterprise Mobility Management (Enterprise Mobility + Security): two options, Enterprise
# Partner and SMB Partner, that differ only in their thresholds. The same persons pass the
# overview assessment and one of the four specialist assessments.
#
# "Meet revenue thresholds of any one or combination of the eligible components" gives no
# amount: it says which subscriptions (Intune, Azure Information Protection, Azure AD
# Premium) count toward the customers and entitlements, so it is part of those metrics'
# definitions, not a threshold of its own.

competency enterprise-mobility-management "Enterprise Mobility Management" {
  source "Microsoft Docs, Partner Center: Enterprise Mobility Management competency (page as last published, 2018-2019)"

  group specialization "EMS specialist assessments" = one_of(ta-mobile-device-management,
    ta-identity-access-management, ta-information-protection, ta-cloud-app-security)

  option enterprise-partner "Enterprise Partner" {
    level silver {
      metric ems-new-customers >= 3 customers
      metric ems-active-entitlements >= 500 seats
      association delegated-administrator or transacting-partner-of-record or fast-track-partner
        or digital-partner-of-record
      2 persons each pass ta-ems-overview and specialization
    }
    level gold {
      metric ems-new-customers >= 5 customers
      metric ems-active-entitlements >= 4_000 seats
      association delegated-administrator or transacting-partner-of-record or fast-track-partner
        or digital-partner-of-record
      4 persons each pass ta-ems-overview and specialization
    }
  }

  option smb-partner "SMB Partner" {
    level silver {
      metric ems-new-customers >= 20 customers
      metric ems-active-entitlements >= 125 seats
      association delegated-administrator or transacting-partner-of-record or fast-track-partner
        or digital-partner-of-record
      2 persons each pass ta-ems-overview and specialization
    }
    # The page gives SMB Gold the Enterprise Gold thresholds word for word (5 customers,
    # 4,000 entitlements), fewer customers than SMB Silver. It may be a copying slip, but
    # it is what the page says, and it is encoded as written (hence the L404 suppression).
    level gold {  # competency: ignore[L404]
      metric ems-new-customers >= 5 customers
      metric ems-active-entitlements >= 4_000 seats
      association delegated-administrator or transacting-partner-of-record or fast-track-partner
        or digital-partner-of-record
      4 persons each pass ta-ems-overview and specialization
    }
  }
}
