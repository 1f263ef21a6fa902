print("prorank-bench")
