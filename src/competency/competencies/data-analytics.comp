# Data Analytics: three options. Specialist: all exams of one focus area plus the
# foundational assessment, by the same person. Beginners: assessments only. Power BI:
# an assessment and deployed seats.

competency data-analytics "Data Analytics" {
  source "Microsoft Docs, Partner Center: Data Analytics competency (page as last published, 2018-2019)"

  group business-intelligence "Business Intelligence" = 70-767 and 70-768
  group advanced-analytics "Advanced Analytics" = 70-773 and 70-774
  group big-data "Big Data" = 70-475 and 70-775
  group specialization "Specialization assessments" = one_of(ta-data-analytics-bi,
    ta-data-analytics-advanced, ta-data-analytics-big-data)

  option data-analytics-specialist "Data Analytics Specialist" {
    # "Any one of the three focus areas" is each person's choice: at Gold the two persons
    # may complete different focus areas (the page does not ask them to share one).
    level silver {
      1 person passes one_of(business-intelligence, advanced-analytics, big-data)
        and ta-data-analytics-foundational
    }
    level gold {
      2 persons each pass one_of(business-intelligence, advanced-analytics, big-data)
        and ta-data-analytics-foundational
    }
  }

  option data-analytics-beginners "Data Analytics Beginners" {
    level silver {
      2 persons each pass ta-data-analytics-foundational and specialization
    }
    level gold {
      4 persons each pass ta-data-analytics-foundational and specialization
    }
  }

  option power-bi "Power BI" {
    # "Attached as Partner of Record for Power BI subscriptions", with a link to the
    # Digital Partner of Record page: the Digital Partner of Record association.
    level silver {
      1 person passes ta-data-analytics-bi
      metric power-bi-seats >= 250 seats
      association digital-partner-of-record
    }
    level gold {
      2 persons each pass ta-data-analytics-bi
      metric power-bi-seats >= 1_000 seats
      association digital-partner-of-record
    }
  }
}
