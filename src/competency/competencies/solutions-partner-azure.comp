# Solutions Partner designations for the three Azure solution areas: one page for all three.
# Performance and customer success are common to the three; skilling differs.
# Readings of the page, the same in all three designations:
# - "N points per unit, up to M" is proportional and exact: M * clamp(value / threshold, 0, 1),
#   so a fractional percentage earns a fraction of a point and a negative value earns 0.
# - The page asks for "one or more points" in every metric, the scoring framework for "more
#   than zero": a metric must score above 0 (`pass`), and the exact total is compared with 70.
# - A prerequisite step is its own pool of distinct persons: one person may count in several
#   steps and in the counted list, once in each (the page's "once per step").
# - The USD 1,000 qualifying ACR minimum gates usage growth only, not the whole designation.

designation data-ai "Solutions Partner for Data & AI (Azure)" {
  source "Microsoft Learn, Partner Center: Solutions Partner for Data & AI, Infrastructure, and Digital & App Innovation (page of 2023-06-13)"
  effective 2023-06-13
  pass 70

  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 {
      metric azure-net-customer-adds reaching 3  # 10 points per net new customer
    }
  }

  # Advanced certifications do not apply to Data & AI: its maxima are 30 + 40 + 20 + 10, and
  # the pass rule covers the four metrics it has.
  category skilling "Skilling" {
    metric intermediate-certifications "Intermediate certifications" max 40 {
      step 2 persons each pass azure-solutions-architect-expert
      step 2 persons each pass azure-administrator-associate
      persons passing one_of(azure-database-administrator-associate, azure-ai-engineer-associate,  # 4 points per person
        azure-data-scientist-associate, azure-data-engineer-associate, data-analyst-associate,
        customer-data-platform-specialty, azure-cosmos-db-developer-specialty) reaching 10
    }
  }

  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 20 {
      gate metric azure-qualifying-acr-ttm >= 1_000 USD
      metric azure-usage-growth-pct reaching 20 percent  # 1 point per percent of growth
    }
    metric deployments "Deployments" max 10 {
      metric azure-deployments reaching 5  # 2 points per deployed service
    }
  }
}

designation infrastructure "Solutions Partner for Infrastructure (Azure)" {
  source "Microsoft Learn, Partner Center: Solutions Partner for Data & AI, Infrastructure, and Digital & App Innovation (page of 2023-06-13)"
  effective 2023-06-13
  pass 70

  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 {
      metric azure-net-customer-adds reaching 3  # 10 points per net new customer
    }
  }

  category skilling "Skilling" {
    metric intermediate-certifications "Intermediate certifications" max 20 {
      step 2 persons each pass azure-administrator-associate
      persons passing one_of(azure-network-engineer-associate, azure-stack-hub-operator-associate,  # 4 points per person
        windows-server-hybrid-administrator-associate) reaching 5
    }
    metric advanced-certifications "Advanced certifications" max 20 {
      step 2 persons each pass azure-solutions-architect-expert
      persons passing one_of(azure-virtual-desktop-specialty, azure-for-sap-workloads-specialty)  # 4 points per person
        reaching 5
    }
  }

  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 20 {
      gate metric azure-qualifying-acr-ttm >= 1_000 USD
      metric azure-usage-growth-pct reaching 20 percent  # 1 point per percent of growth
    }
    metric deployments "Deployments" max 10 {
      metric azure-deployments reaching 5  # 2 points per deployed service
    }
  }
}

designation digital-app-innovation "Solutions Partner for Digital & App Innovation (Azure)" {
  source "Microsoft Learn, Partner Center: Solutions Partner for Data & AI, Infrastructure, and Digital & App Innovation (page of 2023-06-13)"
  effective 2023-06-13
  pass 70

  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 {
      metric azure-net-customer-adds reaching 3  # 10 points per net new customer
    }
  }

  category skilling "Skilling" {
    metric intermediate-certifications "Intermediate certifications" max 20 {
      step 2 persons each pass azure-administrator-associate
      persons passing one_of(azure-developer-associate, power-platform-developer-associate)  # 4 points per person
        reaching 5
    }
    metric advanced-certifications "Advanced certifications" max 20 {
      step 2 persons each pass azure-solutions-architect-expert
      persons passing one_of(azure-iot-developer-specialty, devops-engineer-expert,  # 4 points per person
        power-platform-solution-architect-expert) reaching 5
    }
  }

  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 20 {
      gate metric azure-qualifying-acr-ttm >= 1_000 USD
      metric azure-usage-growth-pct reaching 20 percent  # 1 point per percent of growth
    }
    metric deployments "Deployments" max 10 {
      metric azure-deployments reaching 5  # 2 points per deployed service
    }
  }
}
