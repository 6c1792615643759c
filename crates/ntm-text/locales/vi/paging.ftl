# The parameters of a long list's address (its page, its filter), refused saying which.
paging_bad_page = Tham số “page” phải là một số trang (1, 2, 3…); “{ $text }” không phải là số trang.
paging_bad_choice = Tham số “{ $name }” không nhận giá trị “{ $text }”; các giá trị được nhận: { $choices }.
paging_page_of = Trang { $page }/{ $pages }
