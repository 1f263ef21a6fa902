// Multi-line string literals strip their indentation as Swift does.
let text = """
    first
      second
    """
print(text) // expect: first
// expect:   second
