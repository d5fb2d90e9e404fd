//! One file per chapter; each reads like the contract table on the chapter's
//! book page. A new chapter is one new file and one line in [`all`].
//! FastAPI's 422 error items, which most chapters expect, are in [`fastapi`].

use crate::suite::Chapter;

mod ch01;
mod ch02;
mod ch03;
mod ch04;
mod ch05;
mod ch06;
mod ch07;
mod ch08;
mod ch09;
mod ch10;
mod ch11;
mod ch12;
mod ch13;
mod ch14;
mod ch15;
pub mod fastapi;
mod openapi;

/// Every chapter, in order.
pub fn all() -> Vec<Chapter> {
    vec![
        ch01::chapter(),
        ch02::chapter(),
        ch03::chapter(),
        ch04::chapter(),
        ch05::chapter(),
        ch06::chapter(),
        ch07::chapter(),
        ch08::chapter(),
        ch09::chapter(),
        ch10::chapter(),
        ch11::chapter(),
        ch12::chapter(),
        ch13::chapter(),
        ch14::chapter(),
        ch15::chapter(),
    ]
}

/// The chapter numbered `number`, if there is one.
pub fn find(number: u8) -> Option<Chapter> {
    all().into_iter().find(|c| c.number == number)
}
