# Solutions Partner for Business Applications (Dynamics 365 and Power Platform).
# Readings of the page:
# - A partner is scored in exactly one track: Enterprise with 5 or more qualifying workloads
#   (`ba-classification-workloads`), else SMB (the page's "4 or less").
# - "N points per unit, up to M" is proportional and exact: M * clamp(value / threshold, 0, 1);
#   the page's printed 2.14 points per advanced Enterprise person is 15/7, rounded.
# - "At least one point in each subcategory" is more than zero in every metric (`pass`), and
#   the exact total is compared with 70.

designation business-applications "Solutions Partner for Business Applications" {
  source "Microsoft Learn, Partner Center: Solutions Partner for Business Applications (page of 2023-06-13)"
  effective 2023-06-13
  pass 70
  track enterprise "Enterprise" when metric ba-classification-workloads >= 5
  track smb "SMB"

  category performance "Performance" {
    # Each track counts workloads above its own monthly revenue floor (USD 1,500 / USD 250),
    # so each has its own source metric; 5 net adds reach the maximum in both.
    metric net-customer-adds "Net customer adds" max 15 {
      best {
        metric ba-enterprise-net-workload-adds reaching 5 in enterprise  # 3 points per workload
      } or {
        metric ba-smb-net-workload-adds reaching 5 in smb
      }
    }
  }

  category skilling "Skilling" {
    metric intermediate-certifications "Intermediate certifications" max 20 {
      persons passing one_of(d365-finance-functional-consultant-associate,  # 1 point per person in Enterprise, 4 in SMB
        d365-commerce-functional-consultant-associate,
        d365-finance-operations-apps-developer-associate,
        d365-supply-chain-functional-consultant-associate,
        d365-supply-chain-manufacturing-functional-consultant-associate,
        d365-customer-service-functional-consultant-associate,
        d365-sales-functional-consultant-associate,
        d365-field-service-functional-consultant-associate,
        d365-business-central-functional-consultant-associate,
        d365-marketing-functional-consultant-associate, power-platform-app-maker-associate,
        data-analyst-associate, power-platform-functional-consultant-associate,
        power-platform-developer-associate, customer-data-platform-specialty,
        azure-enterprise-data-analyst-associate, power-automate-rpa-developer-associate)
        reaching 20 in enterprise, 5 in smb
    }
    metric advanced-certifications "Advanced certifications" max 15 {
      persons passing one_of(d365-supply-chain-functional-consultant-expert,  # 15/7 points per person in Enterprise, 7.5 in SMB
        d365-finance-operations-apps-solution-architect-expert,
        d365-power-platform-solution-architect-expert, power-platform-solution-architect-expert)
        reaching 7 in enterprise, 2 in smb
    }
  }

  category customer-success "Customer success" {
    # The page words the baseline as a prerequisite "in this category" but states it under
    # usage growth only, and deployments has its own floor: it gates usage growth alone.
    metric usage-growth "Usage growth" max 30 {
      gate metric ba-mcv-baseline >= 50_000 mcv in enterprise, 25_000 mcv in smb
      metric ba-usage-growth-pct reaching 30 percent  # 1 point per percent of MCV growth
    }
    # Deployments count workloads above a per-track MCV floor (10,000 / 5,000): one source each.
    metric deployments "Deployments" max 20 {
      best {
        metric ba-enterprise-net-deployments reaching 5 in enterprise  # 4 points per deployment
      } or {
        metric ba-smb-net-deployments reaching 5 in smb
      }
    }
  }
}
