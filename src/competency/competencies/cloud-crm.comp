# Cloud Customer Relationship Management (Cloud CRM): two versions of the page.
# One option (Cloud CRM Reseller) with Silver and Gold. People requirements of a level
# are filled by distinct persons: "the other individual" is a different person.

competency cloud-crm "Cloud Customer Relationship Management" {
  source "Microsoft Docs, Partner Center: Cloud Customer Relationship Management competency (zh-TW page of 2017-07-07)"
  effective 2017-07-07

  option cloud-crm-reseller "Cloud CRM Reseller" {
    level silver {
      metric crm-net-new-revenue >= 100_000 USD in developed, 50_000 USD in developing
      association digital-partner-of-record
      1 person passes one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)
      1 person passes one_of(MB2-712, MB2-707)
    }
    level gold {
      metric crm-net-new-revenue >= 300_000 USD in developed, 150_000 USD in developing
      association digital-partner-of-record
      2 persons each pass one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)
      2 persons each pass one_of(MB2-712, MB2-707)
    }
  }
}

# The page as republished 2017-12-15 (unchanged through 2019): Dynamics 365 exams join
# each list. MB2-709 retires 2017-12-31 and is accepted until 2018-12-31 (see the catalog);
# MB2-877 is available from January 2018.
competency cloud-crm "Cloud Customer Relationship Management" {
  source "Microsoft Docs, Partner Center: Cloud Customer Relationship Management competency (page of 2017-12-15)"
  effective 2017-12-15

  option cloud-crm-reseller "Cloud CRM Reseller" {
    level silver {
      metric crm-net-new-revenue >= 100_000 USD in developed, 50_000 USD in developing
      association digital-partner-of-record
      1 person passes one_of(MB2-714, MB2-713, MB2-709, MB2-717, MB2-718, MB2-877)
        and one_of(MB2-710, MB2-706, MB2-715)
      1 person passes one_of(MB2-712, MB2-707, MB2-716)
    }
    level gold {
      metric crm-net-new-revenue >= 300_000 USD in developed, 150_000 USD in developing
      association digital-partner-of-record
      2 persons each pass one_of(MB2-714, MB2-713, MB2-709, MB2-717, MB2-718, MB2-877)
        and one_of(MB2-710, MB2-706, MB2-715)
      2 persons each pass one_of(MB2-712, MB2-707, MB2-716)
    }
  }
}
