//! One file per chapter; each reads like the contract table on the chapter's
//! book page. A new chapter is one new file and one line in [`all`].

use crate::suite::Chapter;

mod ch01;
// @chapters-02-03-mods
// @chapters-04-05-mods
// @chapter-06-08-mods
// @chapter-07-mods

/// Every chapter, in order.
pub fn all() -> Vec<Chapter> {
    vec![
        ch01::chapter(),
        // @chapters-02-03-list
        // @chapters-04-05-list
        // @chapter-06-08-list
        // @chapter-07-list
    ]
}

/// The chapter numbered `number`, if there is one.
pub fn find(number: u8) -> Option<Chapter> {
    all().into_iter().find(|c| c.number == number)
}
