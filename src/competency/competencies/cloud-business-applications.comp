# Cloud Business Applications (Dynamics 365): two options, Enterprise Customer Engagement
# and Enterprise Operations. In both, the technical exams and the functional exams may be
# passed by "the same or different" persons: each list gets its own pool.

competency cloud-business-applications "Cloud Business Applications" {
  source "Microsoft Docs, Partner Center: Cloud Business Applications competency (page as last published, 2018-2019)"

  option enterprise-customer-engagement "Enterprise Customer Engagement" {
    # The revenue is net new cloud revenue from the Dynamics 365 Customer Engagement Plan
    # (formerly Plan 1) and its applications: the metric Cloud CRM uses.
    level silver {
      metric crm-net-new-revenue >= 100_000 USD in developed, 50_000 USD in developing
      association digital-partner-of-record
      5 persons each pass MB2-715 and MB2-716
      same or different 5 persons each pass one_of(MB2-717, MB2-718, MB2-877)
    }
    level gold {
      metric crm-net-new-revenue >= 300_000 USD in developed, 150_000 USD in developing
      association digital-partner-of-record
      15 persons each pass MB2-715 and MB2-716
      same or different 15 persons each pass one_of(MB2-717, MB2-718, MB2-877)
    }
  }

  option enterprise-operations "Enterprise Operations" {
    # The page links the exam named 70-535 to 70-534's page; the text names 70-535, and
    # only 70-535 is encoded.
    level silver {
      metric d365-operations-revenue >= 100_000 USD in developed, 50_000 USD in developing
      metric d365-operations-cloud-net-new-revenue >= 25_000 USD in developed,
        12_000 USD in developing
      association digital-partner-of-record
      5 persons each pass MB6-894 and 70-535
      same or different 5 persons each pass one_of(MB6-895, MB6-896, MB6-897)
    }
    level gold {
      metric d365-operations-revenue >= 300_000 USD in developed, 150_000 USD in developing
      metric d365-operations-cloud-net-new-revenue >= 75_000 USD in developed,
        37_000 USD in developing
      association digital-partner-of-record
      # The page first lists "15 individuals must pass MB6-894" on its own, then the full
      # list "15 individuals must pass MB6-894 and 70-535". The first line is a leftover of
      # an earlier version (it gives MB6-894 an older title and date) and is subsumed by
      # the second: read literally as a separate requirement it would demand 30 distinct
      # persons, unlike Silver and the other option. Only the full list is encoded.
      15 persons each pass MB6-894 and 70-535
      same or different 15 persons each pass one_of(MB6-895, MB6-896, MB6-897)
    }
  }
}
