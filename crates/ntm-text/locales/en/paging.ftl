# The parameters of a long list's address (its page, its filter), refused saying which.
paging_bad_page = The parameter “page” must be a page number (1, 2, 3…); “{ $text }” is not one.
paging_bad_choice = The parameter “{ $name }” cannot be “{ $text }”; it may be: { $choices }.
paging_page_of = Page { $page } of { $pages }
