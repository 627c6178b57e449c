competency misspelt "Misspelt names" {
  levels silver < gold
  group app "App builders" = MCSD-APP-BUILDER
  option o "O" {
    level silver {
      1 person passes MCSD-APP-BUILDR or apps
      1 person passes mb2-714
      metric crm-net-new-revenu >= 1 USD
      association Digital-Partner-of-Record
      attribute surface-hub-ard
    }
    level glod {
    }
  }
}
