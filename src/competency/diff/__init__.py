"""`competency diff`: what a rule change says, and what it does to partners.

- `semantic`: the differences between two compiled libraries, per competency, option and
  level, in the words of `competency show` (`diff_libraries`, `pinned`)
- `impact`: one pass over partners evaluating both libraries: whose verdicts change, and the
  requirement that made the difference (`partner_impact`)
- `formats`: both as text, JSON or Markdown (for a pull request comment)
"""
