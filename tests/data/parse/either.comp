competency e "Either" {
  option o "O" {
    level silver {
      either {
        metric seats >= 500 seats
      } or {
        association digital-partner-of-record
        either { attribute surface-hub-adr } or { 1 person passes MB2-714 }
      } or {
      }
    }
  }
}
